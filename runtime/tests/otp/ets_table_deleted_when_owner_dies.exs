# An ETS table belongs to the process that created it: when that owner exits the table is deleted, even if others still use it.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

main = self()
owner = spawn(fn ->
  :ets.new(:shared, [:named_table, :public, :set])
  send(main, :created)
  receive do: (:exit -> :ok)
end)
receive do: (:created -> :ok)
out.(:insert_from_other, :ets.insert(:shared, {:k, :v}))
out.(:lookup_from_other, :ets.lookup(:shared, :k))
out.(:owner_is_owner, :ets.info(:shared, :owner) == owner)
ref = Process.monitor(owner)
send(owner, :exit)
receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:owner_down, reason))
out.(:info_after, :ets.info(:shared))
out.(:whereis_after, :ets.whereis(:shared))
lookup =
  try do
    :ets.lookup(:shared, :k)
  rescue
    ArgumentError -> :badarg
  end
out.(:lookup_after, lookup)
