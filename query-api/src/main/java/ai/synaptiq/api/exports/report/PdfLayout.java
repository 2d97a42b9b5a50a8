package ai.synaptiq.api.exports.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A4 pages written top to bottom: a cursor, a new page when the next block does not fit, text in
 * an embedded Unicode font (DejaVu Sans when the system has it, else Helvetica with the characters
 * it cannot show replaced by '?').
 */
final class PdfLayout implements AutoCloseable {
    static final float MARGIN = 40;
    static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final List<Path> FONT_DIRS = List.of(Path.of("/usr/share/fonts/truetype/dejavu"),
            Path.of("/usr/share/fonts/TTF"), Path.of("/usr/share/fonts/dejavu"), Path.of("/Library/Fonts"));

    final PDDocument doc = new PDDocument();
    final PDFont regular;
    final PDFont bold;
    private final Map<PDFont, Map<Integer, Boolean>> glyphs = new HashMap<>();
    private PDPageContentStream page;
    private float y;

    PdfLayout() throws IOException {
        this.regular = font("DejaVuSans.ttf", Standard14Fonts.FontName.HELVETICA);
        this.bold = font("DejaVuSans-Bold.ttf", Standard14Fonts.FontName.HELVETICA_BOLD);
        newPage();
    }

    private PDFont font(String file, Standard14Fonts.FontName fallback) throws IOException {
        for (Path dir : FONT_DIRS) {
            Path p = dir.resolve(file);
            if (Files.isReadable(p)) {
                return PDType0Font.load(doc, p.toFile());
            }
        }
        return new PDType1Font(fallback);
    }

    void newPage() throws IOException {
        if (page != null) {
            page.close();
        }
        PDPage p = new PDPage(PDRectangle.A4);
        doc.addPage(p);
        page = new PDPageContentStream(doc, p);
        y = PDRectangle.A4.getHeight() - MARGIN;
    }

    /** Starts a new page unless {@code height} points still fit on this one. */
    void need(float height) throws IOException {
        if (y - height < MARGIN) {
            newPage();
        }
    }

    float y() {
        return y;
    }

    void down(float points) {
        y -= points;
    }

    void text(float x, float baseline, PDFont font, float size, Color color, String s) throws IOException {
        page.beginText();
        page.setFont(font, size);
        page.setNonStrokingColor(color);
        page.newLineAtOffset(x, baseline);
        page.showText(printable(font, s));
        page.endText();
    }

    /** A line of text at the cursor, which then moves below it. */
    void line(PDFont font, float size, Color color, String s) throws IOException {
        need(size * 1.5f);
        text(MARGIN, y - size, font, size, color, s);
        y -= size * 1.5f;
    }

    void rect(float x, float bottom, float w, float h, Color fill) throws IOException {
        page.setNonStrokingColor(fill);
        page.addRect(x, bottom, w, h);
        page.fill();
    }

    void image(BufferedImage img, float x, float bottom, float w, float h) throws IOException {
        PDImageXObject xo = LosslessFactory.createFromImage(doc, img);
        page.drawImage(xo, x, bottom, w, h);
    }

    /**
     * A table at the cursor: a header row on the accent color, then the rows (striped), each cell
     * cut to its column's width. Continues on a new page, header repeated, when it runs out of room.
     */
    void table(List<String> headers, float[] widths, List<List<String>> rows, Color accent) throws IOException {
        float rowHeight = 16;
        float size = 9;
        need(rowHeight * 2);
        tableRow(headers, widths, rowHeight, size, bold, Color.WHITE, accent);
        for (int i = 0; i < rows.size(); i++) {
            if (y - rowHeight < MARGIN) {
                newPage();
                tableRow(headers, widths, rowHeight, size, bold, Color.WHITE, accent);
            }
            tableRow(rows.get(i), widths, rowHeight, size, regular, Color.DARK_GRAY, i % 2 == 0 ? new Color(0xF3F4F6) : Color.WHITE);
        }
        y -= 6;
    }

    private void tableRow(List<String> cells, float[] widths, float height, float size, PDFont font, Color ink, Color fill) throws IOException {
        rect(MARGIN, y - height, WIDTH, height, fill);
        float x = MARGIN;
        for (int c = 0; c < cells.size(); c++) {
            text(x + 4, y - height + 5, font, size, ink, fit(font, size, cells.get(c), widths[c] - 8));
            x += widths[c];
        }
        y -= height;
    }

    /** Text cut to fit {@code width} points, with an ellipsis when cut. */
    String fit(PDFont font, float size, String s, float width) throws IOException {
        String t = printable(font, s);
        if (font.getStringWidth(t) / 1000 * size <= width) {
            return t;
        }
        while (!t.isEmpty() && font.getStringWidth(t + ellipsis(font)) / 1000 * size > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + ellipsis(font);
    }

    private String ellipsis(PDFont font) {
        return shows(font, '…') ? "…" : "...";
    }

    /** {@code s} with line breaks as spaces and the characters the font lacks as '?'. */
    String printable(PDFont font, String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                sb.append(' ');
            } else if (shows(font, cp)) {
                sb.appendCodePoint(cp);
            } else {
                sb.append('?');
            }
        });
        return sb.toString();
    }

    /** Whether the font can show the character: encoding fails for a glyph it lacks. */
    private boolean shows(PDFont font, int codePoint) {
        return glyphs.computeIfAbsent(font, f -> new HashMap<>()).computeIfAbsent(codePoint, cp -> {
            try {
                font.encode(new String(Character.toChars(cp)));
                return true;
            } catch (IOException | IllegalArgumentException e) {
                return false;
            }
        });
    }

    void save(OutputStream out) {
        try {
            page.close();
            doc.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        doc.close();
    }
}
