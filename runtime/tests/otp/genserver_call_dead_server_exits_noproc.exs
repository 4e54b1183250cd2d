# GenServer.call to a dead pid or an unregistered name exits the caller with {:noproc, {GenServer, :call, [server, request, ms]}}.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

defmodule Echo do
  use GenServer
  def init(:ok), do: {:ok, :ok}
end

{:ok, server} = GenServer.start(Echo, :ok)
GenServer.stop(server)
out.(:alive, Process.alive?(server))
try do
  GenServer.call(server, :hello)
catch
  :exit, {:noproc, {GenServer, :call, [^server, request, ms]}} ->
    out.(:dead_pid, {:noproc, {GenServer, :call, [:server, request, ms]}})
end

try do
  GenServer.call(:nobody, :hello, 1000)
catch
  :exit, reason -> out.(:unregistered_name, reason)
end

out.(:cast_to_nobody, GenServer.cast(:nobody, :hello))
