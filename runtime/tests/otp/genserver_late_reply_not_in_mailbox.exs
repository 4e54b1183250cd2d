# After a caught GenServer.call timeout, the server's late reply never reaches the caller's mailbox (the call used an alias).
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))

defmodule Mailbox do
  # Takes every message now in this process's mailbox, oldest first.
  def drain do
    receive do
      message -> [message | drain()]
    after
      0 -> []
    end
  end
end

defmodule Sleepy do
  use GenServer
  def init(:ok), do: {:ok, :ok}
  def handle_call(:slow, _from, state) do
    Process.sleep(200)
    {:reply, :late, state}
  end
  def handle_call(:ping, _from, state), do: {:reply, :pong, state}
end

t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

{:ok, server} = GenServer.start(Sleepy, :ok)
result =
  try do
    GenServer.call(server, :slow, 50)
  catch
    :exit, {:timeout, _} -> :timed_out
  end
out.(:call, result)
out.(:t, t.())
Process.sleep(250)
out.(:ping, GenServer.call(server, :ping))
out.(:t, t.())
out.(:mailbox, Mailbox.drain())
