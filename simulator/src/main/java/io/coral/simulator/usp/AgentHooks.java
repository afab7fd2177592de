package io.coral.simulator.usp;

import io.coral.usp.proto.UspMsg14.Notify;

/** What the message handler needs from the agent around it (transport, time, lifecycle). */
interface AgentHooks {
    /** Sends a Notify to the controller that a subscription's Recipient names; retries it if send_resp. */
    void notify(Notify notify, String recipient);

    /** Runs an action once the current response has been sent (reboot after OperateResp, …). */
    void afterReply(Runnable action);

    /** Runs an action later, off the handler (async commands). */
    void later(Runnable action);

    /** Restarts the agent: Disconnect record, reconnect, Boot! with this cause. */
    void reboot(String cause, String commandKey);
}
