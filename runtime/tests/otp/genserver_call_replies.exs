# GenServer.call blocks for the reply of handle_call, and calls from one client are handled in order.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

defmodule Counter do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_call({:add, k}, _from, n), do: {:reply, :added, n + k}
  def handle_call(:stop, _from, n), do: {:stop, :normal, :stopping, n}
end

{:ok, server} = GenServer.start(Counter, 10)
out.(:get, GenServer.call(server, :get))
out.(:add, GenServer.call(server, {:add, 5}))
out.(:get_after_add, GenServer.call(server, :get))
ref = Process.monitor(server)
out.(:stop, GenServer.call(server, :stop))
receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:server_down, reason))
