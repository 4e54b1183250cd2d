# init returning {:stop, reason} makes start return {:error, reason}; with start_link a non-trapping caller is then killed by the link.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

defmodule Picky do
  use GenServer
  def init(:bad), do: {:stop, :bad_config}
  def init(:skip), do: :ignore
end

out.(:start_stop, GenServer.start(Picky, :bad))
out.(:start_ignore, GenServer.start(Picky, :skip))
{_caller, ref} = spawn_monitor(fn ->
  GenServer.start_link(Picky, :bad)
  Process.sleep(100)
end)
receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:start_link_caller_down, reason))
Process.flag(:trap_exit, true)
out.(:trapping_start_link_stop, GenServer.start_link(Picky, :bad))
receive do
  {:EXIT, _pid, reason} -> out.(:trapping_got, {:EXIT, :server, reason})
after
  100 -> out.(:trapping_got, :nothing)
end
