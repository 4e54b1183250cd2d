defmodule Ticker do
  use GenServer

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)

  @impl true
  def init(opts) do
    state = Map.merge(%{interval: 1_000, work: 300, forever: true, schedule: :fixed_delay}, Map.new(opts))
    {:ok, schedule(%{state | deadline: now() + state.interval}, state.interval)} #@schedule
  end

  @impl true
  def handle_info(:work, state) do #@tick
    Process.sleep(state.work)
    if state.forever, do: {:noreply, schedule_next(state)}, else: {:noreply, %{state | timer: nil}}
  end

  @impl true
  def handle_call(:cancel, _from, state) do
    remaining = Process.cancel_timer(state.timer) # ms left, or false: it already fired #@cancel
    {:reply, remaining, %{state | timer: nil}}
  end

  # Fixed delay: the next tick comes `interval` after this work ends, so slow work drifts.
  defp schedule_next(%{schedule: :fixed_delay} = state), do: schedule(state, state.interval) #@schedule

  # Fixed rate: the next tick is due `interval` after the previous deadline, however long work took.
  defp schedule_next(%{schedule: :fixed_rate} = state) do
    deadline = state.deadline + state.interval
    schedule(%{state | deadline: deadline}, max(deadline - now(), 0)) #@schedule
  end

  defp schedule(state, delay), do: %{state | timer: Process.send_after(self(), :work, delay)}

  defp now, do: System.monotonic_time(:millisecond)
end

# A crash is restarted by a :one_for_one supervisor (init starts a fresh timer);
# four crashes within five seconds and the supervisor gives up.
Supervisor.start_link([{Ticker, interval: 1_000}], strategy: :one_for_one) #@restart
