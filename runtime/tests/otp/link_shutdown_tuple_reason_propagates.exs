# {:shutdown, :done} and :shutdown are abnormal exit reasons: a linked non-trapping process dies with them unchanged.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

for reason <- [:shutdown, {:shutdown, :done}] do
  a = spawn(fn -> Process.sleep(:infinity) end)
  ref_a = Process.monitor(a)
  spawn(fn ->
    Process.link(a)
    exit(reason)
  end)
  receive do: ({:DOWN, ^ref_a, :process, _, got} -> out.(:linked_down, got))
end
