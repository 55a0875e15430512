/**
 * Re-keying of tokenized files after a site key rotation: every deid-v1 token is moved to the
 * current primary site key without the PII.
 */
package org.deid.core.rekey;
