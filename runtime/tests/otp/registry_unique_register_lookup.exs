# A :unique Registry maps a key to the registering process and its value; lookup, keys and unregister see that mapping.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

{:ok, _} = Registry.start_link(keys: :unique, name: :reg)
{:ok, owner} = Registry.register(:reg, "alice", :meta)
out.(:register, {:ok, if(is_pid(owner), do: :owner, else: owner)})
[{pid, value}] = Registry.lookup(:reg, "alice")
out.(:lookup, [{if(pid == self(), do: :main, else: :other), value}])
out.(:lookup_missing, Registry.lookup(:reg, "bob"))
out.(:keys, Registry.keys(:reg, self()))
out.(:count, Registry.count(:reg))
out.(:update_value, Registry.update_value(:reg, "alice", fn :meta -> :new_meta end))
out.(:values, Registry.values(:reg, "alice", self()))
out.(:unregister, Registry.unregister(:reg, "alice"))
out.(:lookup_after_unregister, Registry.lookup(:reg, "alice"))
out.(:unregister_again, Registry.unregister(:reg, "alice"))
