package org.deid.server.notify;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Sends job notifications by SMTP (Angus Mail): job id, state, counts and reason in plain text.
 * Thread-safe (a {@link Session} is shared; each send opens its own transport).
 */
public final class EmailNotifier implements Notifier {
  private final Session session;
  private final SmtpSettings settings;

  /**
   * Creates the notifier.
   *
   * @param settings the SMTP server
   */
  public EmailNotifier(SmtpSettings settings) {
    this.settings = settings;
    Properties props = new Properties();
    props.put("mail.smtp.host", settings.host());
    props.put("mail.smtp.port", Integer.toString(settings.port()));
    props.put("mail.smtp.connectiontimeout", "10000");
    props.put("mail.smtp.timeout", "10000");
    props.put("mail.smtp.writetimeout", "10000");
    if (settings.startTls()) {
      props.put("mail.smtp.starttls.enable", "true");
      props.put("mail.smtp.starttls.required", "true");
    }
    Authenticator authenticator = null;
    if (settings.user().isPresent()) {
      props.put("mail.smtp.auth", "true");
      String user = settings.user().get();
      String password = settings.password().orElse("");
      authenticator =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(user, password);
            }
          };
    }
    this.session = Session.getInstance(props, authenticator);
  }

  @Override
  public String channel() {
    return "EMAIL";
  }

  @Override
  public void send(Notification notification, String target) throws NotificationException {
    sendText(
        "deid job " + notification.jobId() + " " + notification.state(),
        body(notification),
        notification.at(),
        target);
  }

  /**
   * Sends a plain-text message through the same SMTP server.
   *
   * @param subject the subject
   * @param text the body (no file content, no PII)
   * @param sentAt the date shown
   * @param target the recipient address
   * @throws NotificationException if it was not delivered
   */
  public void sendText(String subject, String text, java.time.Instant sentAt, String target)
      throws NotificationException {
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(settings.from()));
      message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(target, true));
      message.setSubject(subject, StandardCharsets.UTF_8.name());
      message.setSentDate(Date.from(sentAt));
      message.setText(text, StandardCharsets.UTF_8.name());
      Transport.send(message);
    } catch (MessagingException e) {
      throw new NotificationException(
          "SMTP delivery failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  static String body(Notification n) {
    StringBuilder text = new StringBuilder();
    text.append("Job: ").append(n.jobId()).append('\n');
    text.append("State: ").append(n.state()).append('\n');
    text.append("Attempts: ").append(n.attempts()).append('\n');
    text.append("Rows read: ").append(n.rowsRead()).append('\n');
    text.append("Rows written: ").append(n.rowsWritten()).append('\n');
    text.append("Rows rejected: ").append(n.rowsRejected()).append('\n');
    n.reason().ifPresent(r -> text.append("Reason: ").append(r).append('\n'));
    text.append("At: ").append(n.at()).append(" (UTC)\n");
    return text.toString();
  }
}
