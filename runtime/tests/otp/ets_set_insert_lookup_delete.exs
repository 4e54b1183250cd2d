# An ETS :set keeps one object per key: insert overwrites, insert_new refuses an existing key, delete removes it.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

table = :ets.new(:things, [:set])
out.(:insert, :ets.insert(table, {:a, 1}))
out.(:lookup, :ets.lookup(table, :a))
out.(:insert_overwrite, :ets.insert(table, {:a, 2}))
out.(:lookup_after_overwrite, :ets.lookup(table, :a))
out.(:insert_new_existing, :ets.insert_new(table, {:a, 3}))
out.(:insert_new_fresh, :ets.insert_new(table, {:b, 3}))
out.(:insert_many, :ets.insert(table, [{:c, 4}, {:d, 5}]))
out.(:size, :ets.info(table, :size))
out.(:delete, :ets.delete(table, :a))
out.(:delete_missing, :ets.delete(table, :zzz))
out.(:lookup_deleted, :ets.lookup(table, :a))
out.(:member_b, :ets.member(table, :b))
out.(:sorted_contents, Enum.sort(:ets.tab2list(table)))
