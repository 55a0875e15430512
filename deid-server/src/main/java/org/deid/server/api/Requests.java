package org.deid.server.api;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import org.deid.server.auth.Principal;

/** Helpers every resource uses to find out who is calling. */
final class Requests {
  static final String PRINCIPAL = "deid.principal";

  private Requests() {}

  /** The authenticated principal (the authenticator has already rejected anonymous calls). */
  static Principal principal(Context ctx) {
    Principal principal = ctx.attribute(PRINCIPAL);
    if (principal == null) {
      throw new IllegalStateException("route reached without authentication");
    }
    return principal;
  }

  /** The calling client's id; an admin key has no files or jobs. */
  static String clientId(Context ctx) {
    return principal(ctx)
        .clientId()
        .orElseThrow(() -> new ForbiddenResponse("admin keys cannot use client endpoints"));
  }

  /** Checks that the caller is the administrator; other callers see nothing here. */
  static void requireAdmin(Context ctx) {
    if (!principal(ctx).isAdmin()) {
      throw new NotFoundResponse("not found");
    }
  }
}
