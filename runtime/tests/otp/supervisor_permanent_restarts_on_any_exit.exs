# A :permanent child is restarted whatever its exit reason: :normal, :shutdown, {:shutdown, :done} or :boom.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

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

defmodule R do
  # A worker that tells :main when it starts and exits with whatever reason it is sent.
  def start_link(id) do
    {:ok, spawn_link(fn ->
      send(:main, {:start, id})
      receive do: ({:exit, reason} -> exit(reason))
    end)}
  end
end

Process.register(self(), :main)
log = fn ->
  Process.sleep(50)
  Mailbox.drain()
end

pid_of = fn sup, id -> Supervisor.which_children(sup) |> List.keyfind(id, 0) |> elem(1) end

reasons = [normal: :normal, shutdown: :shutdown, done: {:shutdown, :done}, boom: :boom]
children = for {id, _} <- reasons, do: %{id: id, start: {R, :start_link, [id]}, restart: :permanent}
{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one, max_restarts: 10)
out.(:started, log.())
for {id, reason} <- reasons do
  send(pid_of.(sup, id), {:exit, reason})
  out.(:"after_#{id}", log.())
end

children = for {id, pid, _, _} <- Supervisor.which_children(sup), do: {id, is_pid(pid)}
out.(:children_running, children)
