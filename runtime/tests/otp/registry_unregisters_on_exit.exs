# A Registry removes a process's keys when that process exits, whatever the reason, and the key can then be taken again.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

{:ok, _} = Registry.start_link(keys: :unique, name: :reg)
main = self()
for reason <- [:normal, :boom] do
  worker = spawn(fn ->
    {:ok, _} = Registry.register(:reg, "worker", reason)
    send(main, :registered)
    receive do: (:exit -> exit(reason))
  end)
  receive do: (:registered -> :ok)
  out.(:"lookup_before_#{reason}", Registry.lookup(:reg, "worker") |> Enum.map(fn {_pid, v} -> {:worker, v} end))
  send(worker, :exit)
  Process.sleep(50)
  out.(:"lookup_after_#{reason}", Registry.lookup(:reg, "worker"))
end

{:ok, _} = Registry.register(:reg, "worker", :main)
out.(:taken_again, Registry.lookup(:reg, "worker") |> Enum.map(fn {_pid, v} -> {:main, v} end))
