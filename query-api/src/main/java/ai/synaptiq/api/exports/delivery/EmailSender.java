package ai.synaptiq.api.exports.delivery;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Properties;

/** Sends the file as an attachment over SMTP (Jakarta Mail), streaming it from storage as it is sent; and plain-text alerts. */
public record EmailSender(String host, int port, String from, String user, String password, boolean startTls) {
    /** Never the password. */
    @Override
    public String toString() {
        return "EmailSender[" + host + ":" + port + "]";
    }

    public void send(Destination.Email to, StoredFile file, DeliveryContext run) throws DeliveryException {
        Session session = session();
        try {
            MimeMessage m = message(session, to.to());
            String title = run.scheduleName().isEmpty() ? "Scheduled export" : run.scheduleName();
            m.setSubject("Synaptiq export: " + title + (run.period().isEmpty() ? "" : " (" + run.period() + ")"), "UTF-8");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("Your scheduled Synaptiq export \"" + title + "\" is attached (" + file.name() + ").\n"
                    + "It contains personal data: handle it according to your data policies.\n"
                    + "Run " + run.runId() + " of schedule " + run.scheduleId() + ".\n", "UTF-8");
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setDataHandler(new DataHandler(new StoredFileSource(file)));
            attachment.setFileName(file.name());
            MimeMultipart body = new MimeMultipart();
            body.addBodyPart(text);
            body.addBodyPart(attachment);
            m.setContent(body);
            Transport.send(m);
        } catch (MessagingException e) {
            throw new DeliveryException("SMTP delivery to " + String.join(", ", to.to()) + " failed: " + e.getMessage(), e);
        }
    }

    /** A plain-text message (an alert) to {@code to}. */
    public void sendText(List<String> to, String subject, String text) throws DeliveryException {
        try {
            MimeMessage m = message(session(), to);
            m.setSubject(subject, "UTF-8");
            m.setText(text, "UTF-8");
            Transport.send(m);
        } catch (MessagingException e) {
            throw new DeliveryException("SMTP delivery to " + String.join(", ", to) + " failed: " + e.getMessage(), e);
        }
    }

    private Session session() throws DeliveryException {
        if (host.isEmpty()) {
            throw new DeliveryException("no SMTP server is configured (SYNAPTIQ_SMTP_HOST)", null);
        }
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "60000");
        p.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
        p.put("mail.smtp.auth", Boolean.toString(!user.isEmpty()));
        return Session.getInstance(p, user.isEmpty() ? null : new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(user, password);
            }
        });
    }

    private MimeMessage message(Session session, List<String> to) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        for (String address : to) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
        }
        return m;
    }

    private record StoredFileSource(StoredFile file) implements DataSource {
        public InputStream getInputStream() {
            return file.content().get();
        }

        public OutputStream getOutputStream() {
            throw new UnsupportedOperationException("read-only");
        }

        public String getContentType() {
            return file.contentType();
        }

        public String getName() {
            return file.name();
        }
    }
}
