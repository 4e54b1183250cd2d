# An ETS :ordered_set returns objects in Erlang term order of their keys, and treats keys that compare equal (1 and 1.0) as one key.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

table = :ets.new(:ordered, [:ordered_set])
:ets.insert(table, [{3, :three}, {:b, :atom_b}, {1, :one}, {"s", :string}, {{0}, :tuple}, {[1], :list}, {:a, :atom_a}, {2, :two}])
out.(:keys_in_order, :ets.tab2list(table) |> Enum.map(&elem(&1, 0)))
out.(:first, :ets.first(table))
out.(:next_after_first, :ets.next(table, :ets.first(table)))
out.(:last, :ets.last(table))
out.(:next_after_last, :ets.next(table, :ets.last(table)))
out.(:insert_float_key, :ets.insert(table, {1.0, :float_one}))
out.(:lookup_int_key, :ets.lookup(table, 1))
out.(:size, :ets.info(table, :size))
set = :ets.new(:plain, [:set])
:ets.insert(set, [{1, :int}, {1.0, :float}])
out.(:set_size_int_and_float, :ets.info(set, :size))
