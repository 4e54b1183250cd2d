# Task.async runs a function in a linked process and Task.await returns its result, leaving the mailbox empty.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
_ = inspect({:load_printing_code_before_the_clock_starts, [1, "s", nil]})
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

task = Task.async(fn ->
  Process.sleep(100)
  21 * 2
end)

out.(:result, Task.await(task))
out.(:t, t.())
out.(:task_alive, Process.alive?(task.pid))
{:messages, messages} = Process.info(self(), :messages)
out.(:mailbox, messages)
