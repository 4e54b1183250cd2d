# A DynamicSupervisor starts children on demand; terminate_child stops one by pid, and which_children / count_children follow.
Logger.configure(level: :none)
out = fn key, value -> IO.puts("#{key}: #{inspect(value)}") end

defmodule Idle do
  def start_link(_arg), do: {:ok, spawn_link(fn -> Process.sleep(:infinity) end)}
end

{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
spec = %{id: :idle, start: {Idle, :start_link, [:x]}}
{:ok, first} = DynamicSupervisor.start_child(sup, spec)
{:ok, _second} = DynamicSupervisor.start_child(sup, spec)
which = fn -> for {id, pid, type, _} <- DynamicSupervisor.which_children(sup), do: {id, type, is_pid(pid)} end
counts = fn -> DynamicSupervisor.count_children(sup) |> Map.to_list() |> Enum.sort() end
out.(:which_children, which.())
out.(:count_children, counts.())
ref = Process.monitor(first)
out.(:terminate_first, DynamicSupervisor.terminate_child(sup, first))
receive do: ({:DOWN, ^ref, :process, _, reason} -> out.(:first_down, reason))
out.(:terminate_again, DynamicSupervisor.terminate_child(sup, first))
out.(:which_children_after, which.())
out.(:count_children_after, counts.())
