# An Agent whose update function exits dies with that reason, and the caller's Agent.update exits with it.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

{:ok, agent} = Agent.start(fn -> 0 end)
ref = Process.monitor(agent)
try do
  Agent.update(agent, fn _ -> exit(:boom) end)
catch
  :exit, {reason, {GenServer, :call, [_agent, _request, ms]}} -> out.(:caller_caught, {reason, {GenServer, :call, [:agent, :request, ms]}})
end

receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:agent_down, reason))
