# A GenServer named {:via, Registry, {reg, key}} is reachable by that name; a second start under it fails with {:already_started, pid}.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

defmodule Counter do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_cast(:inc, n), do: {:noreply, n + 1}
end

{:ok, _} = Registry.start_link(keys: :unique, name: :reg)
name = {:via, Registry, {:reg, "counter"}}
{:ok, first} = GenServer.start(Counter, 10, name: name)
out.(:whereis_is_first, GenServer.whereis(name) == first)
[{pid, value}] = Registry.lookup(:reg, "counter")
out.(:lookup_pid_is_first, pid == first)
out.(:lookup_value, value)
GenServer.cast(name, :inc)
out.(:call, GenServer.call(name, :get))
{:error, {:already_started, pid}} = GenServer.start(Counter, 0, name: name)
out.(:second_start, {:error, {:already_started, if(pid == first, do: :first, else: :other)}})
GenServer.stop(first)
Process.sleep(50)
out.(:whereis_after_stop, GenServer.whereis(name))
try do
  GenServer.call(name, :get, 1000)
catch
  :exit, reason -> out.(:call_after_stop, reason)
end
