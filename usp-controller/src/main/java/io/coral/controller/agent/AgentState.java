package io.coral.controller.agent;

/** Presence of one agent as this controller knows it. UNKNOWN: restored from the store, probe pending. */
public enum AgentState { UNKNOWN, ONLINE, OFFLINE }
