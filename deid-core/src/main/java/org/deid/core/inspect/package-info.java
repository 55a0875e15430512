/**
 * Guessing a file's format and the identifying role of its columns from a bounded sample, for
 * suggesting a policy. See {@link org.deid.core.inspect.FormatSniffer}.
 */
package org.deid.core.inspect;
