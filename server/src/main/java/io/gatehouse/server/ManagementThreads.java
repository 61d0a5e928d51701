package io.gatehouse.server;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The management port's small thread pool: a scrape every few seconds needs a handful of threads, not hundreds. */
final class ManagementThreads {

  private static final int MAX = 8;
  private static final int MIN = 2;

  private ManagementThreads() {}

  static QueuedThreadPool create() {
    QueuedThreadPool pool = new QueuedThreadPool(MAX, MIN);
    pool.setName("gatehouse-management");
    return pool;
  }
}
