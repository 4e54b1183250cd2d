# In the application's supervision tree:
children = [
  {Task.Supervisor, name: Notifier.TaskSupervisor}
]

defmodule Notifier.WebRequest do
  # A request handler fires notifications and does not wait for them.
  def handle(count) do
    for _ <- 1..count do
      Task.Supervisor.start_child(Notifier.TaskSupervisor, fn -> #@start_child
        send_notification()
      end)
    end
  end

  defp send_notification do
    receive do
      :crash -> exit(:smtp_timeout) #@crash
    after
      Enum.random(500..4_000) -> :ok #@exit
    end
  end
end

# restart: :temporary is the default: a crashed child is never restarted.
# Stopping the supervisor stops every child still running:
Supervisor.stop(Notifier.TaskSupervisor) #@shutdown
