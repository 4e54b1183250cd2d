# Supervisor.which_children and count_children report workers and supervisors, running or not, through terminate, restart and delete.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

defmodule Idle do
  def start_link, do: {:ok, spawn_link(fn -> Process.sleep(:infinity) end)}
end

children = [
  %{id: :a, start: {Idle, :start_link, []}},
  %{id: :b, start: {Idle, :start_link, []}},
  %{id: :inner, start: {Supervisor, :start_link, [[], [strategy: :one_for_one]]}, type: :supervisor}
]
{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
which = fn -> for {id, pid, type, _modules} <- Supervisor.which_children(sup), do: {id, type, is_pid(pid)} end
counts = fn -> Supervisor.count_children(sup) |> Map.to_list() |> Enum.sort() end
out.(:which_children, which.())
out.(:count_children, counts.())
out.(:terminate_a, Supervisor.terminate_child(sup, :a))
out.(:which_children_after_terminate, which.())
out.(:count_children_after_terminate, counts.())
out.(:delete_running_b, Supervisor.delete_child(sup, :b))
out.(:restart_a, Supervisor.restart_child(sup, :a) |> elem(0))
out.(:terminate_a_again, Supervisor.terminate_child(sup, :a))
out.(:delete_a, Supervisor.delete_child(sup, :a))
out.(:which_children_after_delete, which.())
out.(:count_children_after_delete, counts.())
out.(:terminate_unknown, Supervisor.terminate_child(sup, :nope))
