# Process.exit(pid, :kill) kills even a trapping process, which dies with :killed; its links see :killed, not :kill.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

parent = self()
trapper = spawn(fn ->
  Process.flag(:trap_exit, true)
  send(parent, :trapping)
  Process.sleep(:infinity)
end)
receive do: (:trapping -> :ok)
linked = spawn(fn ->
  Process.link(trapper)
  Process.sleep(:infinity)
end)
_watcher = spawn(fn ->
  Process.flag(:trap_exit, true)
  Process.link(trapper)
  send(parent, :linked)
  receive do: ({:EXIT, ^trapper, reason} -> send(parent, {:watcher_got, {:EXIT, :trapper, reason}}))
end)
receive do: (:linked -> :ok)
ref_trapper = Process.monitor(trapper)
ref_linked = Process.monitor(linked)
Process.sleep(50)
Process.exit(trapper, :kill)
receive do: ({:DOWN, ^ref_trapper, :process, _, reason} -> out.(:trapper_down, reason))
receive do: ({:DOWN, ^ref_linked, :process, _, reason} -> out.(:linked_down, reason))
receive do: ({:watcher_got, message} -> out.(:watcher_got, message))
