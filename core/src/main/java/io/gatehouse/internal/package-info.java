/**
 * Helpers shared by Gatehouse's own packages and modules. Not an API: anything here may change without notice.
 */
package io.gatehouse.internal;
