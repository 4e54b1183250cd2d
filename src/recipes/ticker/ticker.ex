defmodule Kraken.Client do
  # The article's WebSockex client, with the reconnects a long-running feed needs.
  use WebSockex
  require Logger

  @url "wss://ws.kraken.com"
  @heartbeat 5_000

  def start_link(opts) do
    state = %{wanted: MapSet.new(opts[:subs]), sent: MapSet.new(), last_frame: nil, backoff: {500, 8_000}}
    WebSockex.start_link(@url, __MODULE__, state, name: __MODULE__, handle_initial_conn_failure: true)
  end

  def subscribe(pair, channel), do: WebSockex.cast(__MODULE__, {:subscribe, pair, channel})
  def unsubscribe(pair, channel), do: WebSockex.cast(__MODULE__, {:unsubscribe, pair, channel})

  @impl true
  def handle_connect(_conn, state) do
    # handle_connect/2 cannot send frames: each subscription goes out from handle_info/2.
    for {pair, channel} <- state.wanted, do: send(self(), {:resubscribe, pair, channel}) #@handle_connect
    Process.send_after(self(), :watchdog, div(@heartbeat, 2))
    {:ok, %{state | sent: MapSet.new(), last_frame: now()}}
  end

  @impl true
  def handle_frame({:text, data}, state) do
    case Jason.decode(data) do #@handle_frame
      {:ok, %{"event" => "heartbeat"}} -> Logger.debug("heartbeat")
      {:ok, %{"event" => "subscriptionStatus", "status" => "error"} = e} -> Logger.warning(e["errorMessage"])
      {:ok, [_channel_id, _payload, channel, _pair] = msg} -> broadcast(channel, msg)
      {:ok, other} -> Logger.info(inspect(other))
      {:error, error} -> Logger.warning("skipped a malformed frame: #{inspect(error)}")
    end
    {:ok, %{state | last_frame: now()}}
  end

  @impl true
  def handle_cast({:subscribe, pair, channel}, state) do
    state = %{state | wanted: MapSet.put(state.wanted, {pair, channel})}
    if {pair, channel} in state.sent, do: {:ok, state}, else: {:reply, request("subscribe", pair, channel), mark_sent(state, pair, channel)} #@handle_cast
  end

  def handle_cast({:unsubscribe, pair, channel}, state) do
    state = %{state | wanted: MapSet.delete(state.wanted, {pair, channel}), sent: MapSet.delete(state.sent, {pair, channel})}
    {:reply, request("unsubscribe", pair, channel), state} #@handle_cast
  end

  @impl true
  def handle_info({:resubscribe, pair, channel}, state) do
    if {pair, channel} in state.sent, do: {:ok, state}, else: {:reply, request("subscribe", pair, channel), mark_sent(state, pair, channel)}
  end

  def handle_info(:watchdog, state) do
    silent = now() - state.last_frame
    cond do
      silent >= @heartbeat -> {:close, state} #@watchdog
      silent >= div(@heartbeat, 2) -> {:reply, {:text, Jason.encode!(%{event: "ping", reqid: now()})}, rearm(state)} #@watchdog
      true -> {:ok, rearm(state)}
    end
  end

  @impl true
  def handle_disconnect(%{attempt_number: attempt} = status, state) do
    Logger.warning("disconnected: #{inspect(status.reason)}")
    {min, max} = state.backoff
    cap = min(max, min * Integer.pow(2, attempt - 1))
    Process.sleep(div(cap, 2) + :rand.uniform(div(cap, 2) + 1) - 1) # exponential backoff, equal jitter #@handle_disconnect
    {:reconnect, state}
  end

  defp request(event, pair, channel) do
    subscription = if channel == "book", do: %{name: "book", depth: 10}, else: %{name: channel}
    {:text, Jason.encode!(%{event: event, pair: [pair], subscription: subscription})}
  end

  defp broadcast(channel, msg), do: Phoenix.PubSub.broadcast(StreamHandler.PubSub, "websocket", {channel, msg})
  defp mark_sent(state, pair, channel), do: %{state | sent: MapSet.put(state.sent, {pair, channel})}
  defp rearm(state), do: (Process.send_after(self(), :watchdog, div(@heartbeat, 2)); state)
  defp now, do: System.monotonic_time(:millisecond)
end
