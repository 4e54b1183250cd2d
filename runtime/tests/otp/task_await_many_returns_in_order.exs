# Task.await_many waits for every task and returns their results in the order of the tasks given, not of completion.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end
_ = inspect({:load_printing_code_before_the_clock_starts, [1, "s", nil]})
t0 = System.monotonic_time(:millisecond)
t = fn -> div(System.monotonic_time(:millisecond) - t0 + 5, 10) * 10 end

tasks =
  for {name, ms} <- [a: 150, b: 50, c: 100] do
    Task.async(fn ->
      Process.sleep(ms)
      name
    end)
  end

out.(:results, Task.await_many(tasks, 1000))
out.(:t, t.())
{:messages, messages} = Process.info(self(), :messages)
out.(:mailbox, messages)
