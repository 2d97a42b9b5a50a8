package ai.synaptiq.api.exports.report;

import static ai.synaptiq.api.http.ParameterRules.quote;

import ai.synaptiq.api.errors.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** How an account's PDF reports look: a company name, two colors and an optional PNG logo. */
public record Branding(String companyName, String primaryColor, String accentColor, byte[] logoPng) {
    public static final Branding DEFAULT = new Branding("", "#4F46E5", "#10B981", null);
    public static final int MAX_LOGO_BYTES = 512 * 1024;
    /** The widest and tallest logo taken, in pixels: a few KB of PNG can declare a size whose decoding takes gigabytes. */
    public static final int MAX_LOGO_SIDE = 4096;
    public static final Set<String> FIELDS = Set.of("companyName", "primaryColor", "accentColor", "logoPng");
    private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /**
     * Reads a {@code PUT /v1/exports/branding} body: {@code companyName} (at most 100 characters),
     * {@code primaryColor} and {@code accentColor} ({@code #RRGGBB}), {@code logoPng} (base64 PNG,
     * at most 512 KB). What is left out takes its default; a null or empty logo removes it.
     */
    public static Branding of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("the branding must be a JSON object with companyName, primaryColor, accentColor, logoPng");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new InvalidRequestException("unknown branding field " + quote(f) + "; known: companyName, primaryColor, accentColor, logoPng");
            }
        });
        String name = body.path("companyName").asText(DEFAULT.companyName).strip();
        if (name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("'companyName' must be at most 100 printable characters");
        }
        return new Branding(name, color(body, "primaryColor", DEFAULT.primaryColor), color(body, "accentColor", DEFAULT.accentColor),
                logo(body.path("logoPng").asText("")));
    }

    private static String color(JsonNode body, String field, String dflt) {
        String v = body.path(field).asText(dflt);
        if (!COLOR.matcher(v).matches()) {
            throw new InvalidRequestException("'" + field + "' must be a color such as #4F46E5; got " + quote(v));
        }
        return v.toUpperCase();
    }

    private static byte[] logo(String base64) {
        if (base64.isBlank()) {
            return null;
        }
        byte[] png;
        try {
            png = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'logoPng' must be a base64-encoded PNG");
        }
        if (png.length > MAX_LOGO_BYTES) {
            throw new InvalidRequestException("'logoPng' holds " + png.length + " bytes; at most " + MAX_LOGO_BYTES + " are allowed");
        }
        if (png.length < PNG_SIGNATURE.length || !Arrays.equals(Arrays.copyOf(png, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
            throw new InvalidRequestException("'logoPng' is not a readable PNG image");
        }
        Dimension size = declaredSize(png);
        if (size == null) {
            throw new InvalidRequestException("'logoPng' is not a readable PNG image");
        }
        if (size.width > MAX_LOGO_SIDE || size.height > MAX_LOGO_SIDE) {
            throw new InvalidRequestException("'logoPng' is " + size.width + "x" + size.height + " pixels; at most " + MAX_LOGO_SIDE + "x"
                    + MAX_LOGO_SIDE + " are allowed");
        }
        if (image(png) == null) {
            throw new InvalidRequestException("'logoPng' is not a readable PNG image");
        }
        return png;
    }

    /** The image decoded, or null when it is unreadable or declares more than {@link #MAX_LOGO_SIDE} pixels a side (checked first). */
    static BufferedImage image(byte[] png) {
        Dimension size = declaredSize(png);
        if (size == null || size.width > MAX_LOGO_SIDE || size.height > MAX_LOGO_SIDE) {
            return null;
        }
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The pixel size the image's header declares, read without decoding the pixels; null when no reader knows it. */
    static Dimension declaredSize(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new Dimension(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public Color primary() {
        return Color.decode(primaryColor);
    }

    public Color accent() {
        return Color.decode(accentColor);
    }

    public String logoBase64() {
        return logoPng == null ? null : Base64.getEncoder().encodeToString(logoPng);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Branding b && companyName.equals(b.companyName) && primaryColor.equals(b.primaryColor)
                && accentColor.equals(b.accentColor) && Arrays.equals(logoPng, b.logoPng);
    }

    @Override
    public int hashCode() {
        return companyName.hashCode() * 31 + Arrays.hashCode(logoPng);
    }

    @Override
    public String toString() {
        return "Branding[" + companyName + ", " + primaryColor + ", " + accentColor + ", logo " + (logoPng == null ? "none" : logoPng.length + " bytes") + "]";
    }
}
