using System.Collections.Concurrent;
using Spectre.Console;

namespace Inkport.Cli.Import;

/// <summary>Live progress on a terminal: a bar per file being imported and one for the whole run.</summary>
internal sealed class ProgressDisplay(ProgressContext context, ProgressTask overall, int total) : IImportObserver
{
    private readonly ConcurrentDictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private int _finished;

    public void Started(PlannedFile file) =>
        _tasks[file.Key] = context.AddTask(Label(file.Key), maxValue: Math.Max(1, file.Size));

    public void Uploaded(PlannedFile file, long bytes)
    {
        if (_tasks.TryGetValue(file.Key, out var task)) task.Value = bytes;
    }

    public void Importing(PlannedFile file)
    {
        if (!_tasks.TryGetValue(file.Key, out var task)) return;
        task.Value = task.MaxValue;
        task.Description = Label(file.Key) + " [grey]importing[/]";
    }

    public void Finished(FileOutcome outcome)
    {
        if (_tasks.TryRemove(outcome.File.Key, out var task))
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
        var done = Interlocked.Increment(ref _finished);
        overall.Increment(1);
        overall.Description = $"[bold]overall[/] {done}/{total}";
    }

    private static string Label(string key) => Markup.Escape(key.Length > 48 ? "…" + key[^47..] : key);
}

/// <summary>Without a terminal: one line per finished file.</summary>
internal sealed class LineDisplay(TextWriter output) : IImportObserver
{
    private readonly Lock _writing = new();

    public void Started(PlannedFile file) { }
    public void Uploaded(PlannedFile file, long bytes) { }
    public void Importing(PlannedFile file) { }

    public void Finished(FileOutcome outcome)
    {
        var detail = outcome.Kind switch
        {
            OutcomeKind.Imported or OutcomeKind.AlreadyImported => outcome.Url,
            _ => outcome.Error,
        };
        lock (_writing) output.WriteLine($"{ImportCommand.Word(outcome.Kind),-9} {outcome.File.Key}  {detail}");
    }
}

/// <summary>With --json: nothing until the final document.</summary>
internal sealed class SilentDisplay : IImportObserver
{
    public void Started(PlannedFile file) { }
    public void Uploaded(PlannedFile file, long bytes) { }
    public void Importing(PlannedFile file) { }
    public void Finished(FileOutcome outcome) { }
}
