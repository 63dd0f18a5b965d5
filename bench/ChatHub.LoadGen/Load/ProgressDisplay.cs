using Spectre.Console;

namespace ChatHub.LoadGen.Load;

/// <summary>Shows each step while it runs: a live Spectre.Console progress bar on a terminal, plain lines otherwise.</summary>
internal interface IProgressDisplay
{
    object Begin(string label, double total);

    void Update(object task, double value, string status);

    void Complete(object task, string summary);

    void Note(string text);
}

/// <summary>A bar per step, its line showing messages sent and replies outstanding, then the step's result.</summary>
internal sealed class SpectreProgressDisplay(ProgressContext context) : IProgressDisplay
{
    public object Begin(string label, double total) => context.AddTask(Markup.Escape(label), maxValue: Math.Max(1, total));

    public void Update(object task, double value, string status)
    {
        var t = (ProgressTask)task;
        t.Value = value;
        t.Description = Markup.Escape(status);
    }

    public void Complete(object task, string summary)
    {
        var t = (ProgressTask)task;
        t.Description = Markup.Escape(summary);
        t.Value = t.MaxValue;
        t.StopTask();
    }

    public void Note(string text) => context.AddTask(Markup.Escape(text), maxValue: 1).Value = 1;
}

/// <summary>For redirected output (CI logs): one line when a step starts and one with its result.</summary>
internal sealed class PlainProgressDisplay : IProgressDisplay
{
    public object Begin(string label, double total)
    {
        Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {label} ...");
        return label;
    }

    public void Update(object task, double value, string status)
    {
    }

    public void Complete(object task, string summary) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}]   {summary}");

    public void Note(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");
}
