# GenServer.cast returns :ok at once while the server is still busy; a later call sees the cast's effect, in order.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))

defmodule Slow do
  use GenServer
  def init(log), do: {:ok, log}
  def handle_cast({:push, x}, log) do
    Process.sleep(100)
    {:noreply, [x | log]}
  end
  def handle_call(:log, _from, log), do: {:reply, Enum.reverse(log), log}
end

t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

{:ok, server} = GenServer.start(Slow, [])
out.(:cast_a, GenServer.cast(server, {:push, :a}))
out.(:cast_b, GenServer.cast(server, {:push, :b}))
out.(:t, t.())
out.(:log, GenServer.call(server, :log))
out.(:t, t.())
