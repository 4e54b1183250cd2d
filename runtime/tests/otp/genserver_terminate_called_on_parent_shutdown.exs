# A GenServer that traps exits has terminate(:shutdown, state) called when its parent exits with :shutdown; one that does not trap just dies.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

defmodule Worker do
  use GenServer
  def init({name, trap?, main}) do
    Process.flag(:trap_exit, trap?)
    {:ok, {name, main}}
  end
  def terminate(reason, {name, main}), do: send(main, {:terminate, name, reason})
end

main = self()
for {name, trap?} <- [trapping: true, not_trapping: false] do
  parent = spawn(fn ->
    {:ok, worker} = GenServer.start_link(Worker, {name, trap?, main})
    send(main, {:worker, worker})
    Process.sleep(:infinity)
  end)
  worker = receive do: ({:worker, worker} -> worker)
  ref = Process.monitor(worker)
  Process.exit(parent, :shutdown)
  receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:"#{name}_down", reason))
  receive do
    {:terminate, ^name, reason} -> out.(:"#{name}_terminate", reason)
  after
    50 -> out.(:"#{name}_terminate", :not_called)
  end
end
