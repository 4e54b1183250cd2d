# Task.await past its timeout exits the caller with {:timeout, {Task, :await, [task, ms]}}, which also kills the linked task.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
# Load OTP's and Elixir's code before the clock starts, so that loading adds nothing to measured times.
:code.ensure_modules_loaded(Enum.flat_map([:kernel, :stdlib, :elixir, :logger], &Application.spec(&1, :modules)))

defmodule Mailbox do
  # Takes every message now in this process's mailbox, oldest first.
  def drain do
    receive do
      message -> [message | drain()]
    after
      0 -> []
    end
  end
end

t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

# The exit reason holds the %Task{} struct (pids, refs): print it with :task in its place.
normalize = fn
  {:timeout, {Task, :await, [%Task{}, ms]}} -> {:timeout, {Task, :await, [:task, ms]}}
  other -> other
end

parent = self()
caller = spawn(fn ->
  task = Task.async(fn -> Process.sleep(1000) end)
  send(parent, {:task_pid, task.pid})
  Task.await(task, 100)
  send(parent, :unreachable)
end)
caller_ref = Process.monitor(caller)
task_pid = receive do: ({:task_pid, pid} -> pid)
task_ref = Process.monitor(task_pid)

receive do: ({:DOWN, ^caller_ref, :process, _, reason} -> out.(:caller_down, normalize.(reason)))
out.(:t, t.())
receive do: ({:DOWN, ^task_ref, :process, _, reason} -> out.(:task_down, normalize.(reason)))
out.(:mailbox, Mailbox.drain())
