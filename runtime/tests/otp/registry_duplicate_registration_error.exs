# Registering a taken key in a :unique Registry fails with {:error, {:already_registered, owner}}; a :duplicate Registry allows it.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

{:ok, _} = Registry.start_link(keys: :unique, name: :unique_reg)
{:ok, _} = Registry.start_link(keys: :duplicate, name: :dup_reg)
main = self()
name_of = fn pid -> if pid == main, do: :main, else: :other end
normalize = fn
  {:error, {:already_registered, pid}} -> {:error, {:already_registered, name_of.(pid)}}
  {:ok, _owner} -> {:ok, :owner}
end

out.(:first, normalize.(Registry.register(:unique_reg, "k", 1)))
out.(:same_process_again, normalize.(Registry.register(:unique_reg, "k", 2)))
task = Task.async(fn -> normalize.(Registry.register(:unique_reg, "k", 3)) end)
out.(:other_process, Task.await(task))
out.(:unique_lookup, for({pid, v} <- Registry.lookup(:unique_reg, "k"), do: {name_of.(pid), v}))
out.(:dup_first, normalize.(Registry.register(:dup_reg, "k", 1)))
out.(:dup_same_process, normalize.(Registry.register(:dup_reg, "k", 2)))
other = spawn(fn -> Registry.register(:dup_reg, "k", 3); Process.sleep(:infinity) end)
Process.sleep(50)
out.(:dup_lookup, Registry.lookup(:dup_reg, "k") |> Enum.map(fn {pid, v} -> {name_of.(pid), v} end) |> Enum.sort())
Process.exit(other, :kill)
