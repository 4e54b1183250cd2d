# config/config.exs: Quantum jobs, each a cron expression and the function it runs.
config :my_app, MyApp.Scheduler,
  overlap: false, # skip a run while the previous one of the same job still runs #@skip
  timezone: "Etc/UTC",
  jobs: [
    {"*/15 * * * *", {MyApp.Reports, :refresh, []}},
    {"0 8 * * *", {MyApp.Mailer, :send_digest, []}},
    {"@hourly", {MyApp.Cache, :sweep, []}}
    # six fields, seconds first, are written {:extended, "*/20 * * * * *"}
  ]

defmodule MyApp.Scheduler do
  use Quantum, otp_app: :my_app
end

# Quantum keeps one timer to the next due run; when it fires, each due job
# runs in a task under a Task.Supervisor, then the timer is set for the next run. #@schedule
Task.Supervisor.start_child(MyApp.JobSupervisor, fn -> apply(mod, fun, args) end) #@run

# While it runs, jobs come and go without a restart, and the day so far stays: #@change
MyApp.Scheduler.new_job()
|> Quantum.Job.set_name(:job_4)
|> Quantum.Job.set_schedule(Crontab.CronExpression.Parser.parse!("*/5 * * * *"))
|> Quantum.Job.set_task({MyApp.Reports, :refresh, []})
|> MyApp.Scheduler.add_job()

MyApp.Scheduler.delete_job(:job_2)
