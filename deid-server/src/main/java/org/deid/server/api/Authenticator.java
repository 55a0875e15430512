package org.deid.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.TooManyRequestsResponse;
import io.javalin.http.UnauthorizedResponse;
import java.util.Optional;
import org.deid.server.auth.ApiKeyRepository;
import org.deid.server.auth.ApiKeys;
import org.deid.server.auth.Principal;
import org.deid.server.auth.RateLimiter;

/**
 * Runs before every {@code /v1/} route: resolves the {@code Authorization: Bearer KEY} header to a
 * principal (401 if missing, unknown or revoked) and applies the caller's rate limit (429).
 */
final class Authenticator implements Handler {
  private final ApiKeyRepository keys;
  private final RateLimiter limiter;

  Authenticator(ApiKeyRepository keys, RateLimiter limiter) {
    this.keys = keys;
    this.limiter = limiter;
  }

  @Override
  public void handle(Context ctx) {
    String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
    if (!header.startsWith("Bearer ") || header.length() <= 7) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new UnauthorizedResponse("an API key is required (Authorization: Bearer KEY)");
    }
    Principal principal =
        keys.principalForKeyHash(ApiKeys.hash(header.substring(7).strip()))
            .orElseThrow(() -> new UnauthorizedResponse("the API key is not valid"));
    ctx.attribute(Requests.PRINCIPAL, principal);
    if (!limiter.tryAcquire(principal.clientId().orElse("admin"))) {
      ctx.header("Retry-After", "1");
      throw new TooManyRequestsResponse("rate limit exceeded; slow down");
    }
  }
}
