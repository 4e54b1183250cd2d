# Process.exit(pid, :boom) kills a non-trapping process with exactly :boom, as does exit(:boom) inside it; links see the same reason.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

a = spawn(fn -> Process.sleep(:infinity) end)
partner = spawn(fn ->
  Process.link(a)
  Process.sleep(:infinity)
end)
Process.sleep(50)
ref_a = Process.monitor(a)
ref_partner = Process.monitor(partner)
out.(:exit_result, Process.exit(a, :boom))
receive do: ({:DOWN, ^ref_a, :process, _, reason} -> out.(:a_down, reason))
receive do: ({:DOWN, ^ref_partner, :process, _, reason} -> out.(:partner_down, reason))
{_b, ref_b} = spawn_monitor(fn -> exit(:boom) end)
receive do: ({:DOWN, ^ref_b, :process, _, reason} -> out.(:b_down, reason))
