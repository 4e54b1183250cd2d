# A GenServer.call that times out exits the caller with {:timeout, {GenServer, :call, [server, request, ms]}}; the server lives on.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))
normalize = fn {:timeout, {GenServer, :call, [_server, request, ms]}} ->
  {:timeout, {GenServer, :call, [:server, request, ms]}}
end

defmodule Sleepy do
  use GenServer
  def init(:ok), do: {:ok, :ok}
  def handle_call(:slow, _from, state) do
    Process.sleep(200)
    {:reply, :late, state}
  end
end

t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

{:ok, server} = GenServer.start(Sleepy, :ok)
try do
  GenServer.call(server, :slow, 50)
catch
  :exit, reason -> out.(:caught, normalize.(reason))
end

out.(:t, t.())
caller = spawn(fn -> GenServer.call(server, :slow, 50) end)
ref = Process.monitor(caller)
receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:uncaught_caller_down, normalize.(reason)))
out.(:server_alive, Process.alive?(server))
