package io.gatehouse.failover;

/** A decorator's changes made in memory during an outage, waiting for the primary's return. */
interface WriteBack {

  /** How many changes wait. */
  long pending();

  /**
   * Sends the waiting changes to the primary, removing each once the primary has it. Idempotent: a change sent
   * twice (because the primary failed midway and this runs again) has the same effect as once.
   *
   * @return how many changes were written
   * @throws io.gatehouse.spi.StoreUnavailableException if the primary fails; what was not written stays waiting
   */
  long writeBack();
}
