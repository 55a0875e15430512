package org.deid.server.sftp;

import java.util.Optional;
import org.deid.server.storage.StoredObject;

/** Told what a session did to its files (for the audit log, notifications and the inbox). */
interface TransferListener {
  /** An upload was closed by the client and its file is now complete and visible. */
  void uploaded(SessionInfo session, StoredObject file, long millis);

  /** An upload ended without the client closing it; what arrived is kept as a partial upload. */
  void interrupted(SessionInfo session, String key, long bytes, long millis);

  /**
   * An upload failed; nothing was published.
   *
   * @param session the session
   * @param status 413 past the size limit, 400 for a write the server cannot take, 500 when the
   *     storage failed
   * @param millis how long the upload ran
   */
  void uploadFailed(SessionInfo session, int status, long millis);

  /** A file was read. */
  void downloaded(SessionInfo session, long bytes, long millis);

  /** A file was deleted. */
  void deleted(SessionInfo session);

  /** A file was renamed; the complete file at its new key, if it has one. */
  void renamed(SessionInfo session, Optional<StoredObject> file);
}
