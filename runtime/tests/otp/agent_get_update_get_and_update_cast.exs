# An Agent holds state: get reads it, update and get_and_update change it in order, cast changes it without waiting.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

{:ok, agent} = Agent.start_link(fn -> [1] end)
out.(:get, Agent.get(agent, & &1))
out.(:update, Agent.update(agent, &[2 | &1]))
out.(:get_after_update, Agent.get(agent, & &1))
out.(:get_and_update, Agent.get_and_update(agent, fn list -> {length(list), [3 | list]} end))
out.(:cast, Agent.cast(agent, fn list ->
  Process.sleep(100)
  [4 | list]
end))
out.(:t, t.())
out.(:get_after_cast, Agent.get(agent, &Enum.reverse/1))
out.(:t, t.())
out.(:stop, Agent.stop(agent))
out.(:alive, Process.alive?(agent))
