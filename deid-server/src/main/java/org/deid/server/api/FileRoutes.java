package org.deid.server.api;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.deid.server.inbox.FileLanding;
import org.deid.server.storage.ClientFiles;
import org.deid.server.storage.ObjectKeys;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/files}: streaming upload and download, list by prefix a page at a time (in key order;
 * {@code next} is the last key of a page, passed back as {@code after}), delete. Keys are relative
 * to the calling client's own space. Uploads may announce their SHA-256 in {@code X-Deid-Sha256};
 * the server checks it and returns the digest of what it stored; downloads carry it in the same
 * header.
 */
final class FileRoutes {
  static final String SHA256_HEADER = "X-Deid-Sha256";

  private static final Logger LOG = LoggerFactory.getLogger(FileRoutes.class);
  private static final int DEFAULT_PAGE = 1000;
  private static final int MAX_PAGE = 10_000;

  private final ObjectStorage storage;
  private final long maxUploadBytes;
  private final FileLanding landing;

  FileRoutes(ObjectStorage storage, long maxUploadBytes, FileLanding landing) {
    this.storage = storage;
    this.maxUploadBytes = maxUploadBytes;
    this.landing = landing;
  }

  void register(RouteTable routes) {
    routes.get("/v1/files", this::list);
    routes.put("/v1/files/<key>", this::upload);
    routes.get("/v1/files/<key>", this::download);
    routes.head("/v1/files/<key>", this::head);
    routes.delete("/v1/files/<key>", this::delete);
  }

  private ClientFiles files(Context ctx) {
    return new ClientFiles(storage, Requests.clientId(ctx));
  }

  private void list(Context ctx) throws IOException {
    String prefix = Optional.ofNullable(ctx.queryParam("prefix")).orElse("");
    int limit = Requests.limit(ctx, DEFAULT_PAGE, MAX_PAGE);
    Optional<String> after =
        Optional.ofNullable(ctx.queryParam("after")).map(ObjectKeys::checkPrefix);
    List<StoredObject> fetched = files(ctx).list(prefix, after, limit + 1);
    ctx.json(
        Requests.page(
            "files",
            fetched,
            limit,
            page -> page.stream().map(FileView::of).toList(),
            StoredObject::key));
  }

  private void upload(Context ctx) throws IOException {
    String contentLength = ctx.header("Content-Length");
    if (contentLength != null && Long.parseLong(contentLength) > maxUploadBytes) {
      throw new io.javalin.http.ContentTooLargeResponse(
          "the upload is larger than the limit of " + maxUploadBytes + " bytes");
    }
    Optional<String> expected = Optional.ofNullable(ctx.header(SHA256_HEADER));
    StoredObject stored;
    try (InputStream body = ctx.bodyInputStream()) {
      stored = files(ctx).put(ctx.pathParam("key"), body, maxUploadBytes, expected);
    }
    try {
      landing.landed(Requests.clientId(ctx), stored, "http");
    } catch (RuntimeException e) {
      // the upload itself succeeded; the inbox scan records the landing later
      LOG.warn("inbox landing not recorded ({})", e.getClass().getSimpleName());
    }
    ctx.status(201).header(SHA256_HEADER, stored.sha256()).json(FileView.of(stored));
  }

  private StoredObject existing(Context ctx) throws IOException {
    return files(ctx)
        .stat(ctx.pathParam("key"))
        .orElseThrow(() -> new NotFoundResponse("no such file"));
  }

  private void head(Context ctx) throws IOException {
    StoredObject object = existing(ctx);
    ctx.header(SHA256_HEADER, object.sha256())
        .header("Content-Length", Long.toString(object.size()))
        .status(200);
  }

  private void download(Context ctx) throws IOException {
    StoredObject object = existing(ctx);
    ctx.header(SHA256_HEADER, object.sha256())
        .header("Content-Length", Long.toString(object.size()))
        .contentType("application/octet-stream");
    try (InputStream in = files(ctx).open(object.key())) {
      in.transferTo(ctx.outputStream());
    }
  }

  private void delete(Context ctx) throws IOException {
    if (!files(ctx).delete(ctx.pathParam("key"))) {
      throw new NotFoundResponse("no such file");
    }
    ctx.status(204);
  }

  /**
   * A file as the API shows it.
   *
   * @param key the key
   * @param size bytes
   * @param sha256 hex digest
   * @param lastModified ISO-8601 time
   */
  record FileView(String key, long size, String sha256, String lastModified) {
    static FileView of(StoredObject object) {
      return new FileView(
          object.key(), object.size(), object.sha256(), object.lastModified().toString());
    }
  }
}
