# Process.exit(pid, :normal) does nothing to a non-trapping process; a trapping one gets {:EXIT, sender, :normal}.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

parent = self()
plain = spawn(fn -> Process.sleep(:infinity) end)
trapper = spawn(fn ->
  Process.flag(:trap_exit, true)
  send(parent, :trapping)
  receive do: ({:EXIT, ^parent, reason} -> send(parent, {:trapper_got, {:EXIT, :main, reason}}))
end)
receive do: (:trapping -> :ok)
out.(:exit_plain, Process.exit(plain, :normal))
out.(:exit_trapper, Process.exit(trapper, :normal))
receive do: ({:trapper_got, message} -> out.(:trapper_got, message))
Process.sleep(50)
out.(:plain_alive, Process.alive?(plain))
