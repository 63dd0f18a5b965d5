using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// Around every tool call (kernel functions with a plugin; the chat prompt itself passes through): takes one call from
/// the person's budget (<see cref="IToolBudget"/>; over it the tool is not called), bounds the call by
/// <see cref="ToolOptions.Timeout"/>, turns failures and invalid arguments into a short text for the model (never an
/// exception that would end the reply), hands the output back as untrusted text (<see cref="UntrustedToolText"/>),
/// and audits the call: log event 4301, the counter <c>chathub.inference.tool_calls</c> (tags <c>tool</c>,
/// <c>outcome</c>) and <see cref="IToolAuditSink"/> when the hub provides one.
/// </summary>
internal sealed class ToolInvocationFilter : IFunctionInvocationFilter
{
    private const string TimedOutText = "The tool did not answer in time. Answer without it, or say you could not find out.";

    private readonly ToolOptions _options;
    private readonly IToolBudget _budget;
    private readonly IToolAuditSink? _audit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Counter<long> _calls;

    public ToolInvocationFilter(
        ToolOptions options, IToolBudget budget, IToolAuditSink? audit, TimeProvider time, IMeterFactory? meterFactory, ILogger? logger)
    {
        _options = options;
        _budget = budget;
        _audit = audit;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        var meter = meterFactory?.Create(InferenceTelemetry.MeterName) ?? new Meter(InferenceTelemetry.MeterName);
        _calls = meter.CreateCounter<long>("chathub.inference.tool_calls", "{call}", "Tool calls the model made, by tool and outcome.");
    }

    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Function.PluginName is null)
        {
            await next(context); // the chat prompt function, not a tool
            return;
        }

        var tool = context.Function.Name;
        var request = ModelStageRequest.From(context.Kernel);
        if (!(context.Function.PluginName == HubTools.PluginName && tool == HubTools.KnowledgeSearch))
        {
            // Only the knowledge base is the same for everyone: an answer that used the clock, an operator's service or
            // the person's data (or a failed call of one) must not be cached and served to the next person who asks.
            request?.MarkPersonal();
        }

        var person = request?.Context?.PersonId;
        var argumentBytes = ArgumentBytes(context.Arguments);
        string outcome;
        string text;
        if (person is not null && !await _budget.TryTakeAsync(person, _options.BudgetPerPerson, _options.BudgetWindow, context.CancellationToken))
        {
            outcome = ToolOutcomes.OverBudget;
            text = "Not called: the person's tool budget is used up for now. Answer without tools.";
        }
        else
        {
            (outcome, text) = await InvokeAsync(context, next, tool, person);
        }

        context.Result = new FunctionResult(context.Function, outcome == ToolOutcomes.Ok
            ? UntrustedToolText.Clean(text, _options.MaxResultCharacters)
            : text);
        _calls.Add(1, new KeyValuePair<string, object?>("tool", tool), new KeyValuePair<string, object?>("outcome", outcome));
        Log.ToolCalled(_logger, tool, person ?? "(anonymous)", outcome, argumentBytes);
        if (_audit is not null)
        {
            try
            {
                await _audit.RecordAsync(new ToolCallRecord(_time.GetUtcNow(), person, tool, argumentBytes, outcome), context.CancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ToolAuditFailed(_logger, tool, ex);
            }
        }
    }

    private async Task<(string Outcome, string Text)> InvokeAsync(
        FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next, string tool, string? person)
    {
        Task call;
        try
        {
            call = next(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            call = Task.FromException(ex);
        }

        try
        {
            await call.WaitAsync(_options.Timeout, _time, context.CancellationToken);
            return (ToolOutcomes.Ok, ResultText(context.Result));
        }
        catch (TimeoutException)
        {
            // The call goes on without us; its own timeout (HTTP tools) ends it. Observe its end so nothing is unobserved.
            _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return (ToolOutcomes.TimedOut, TimedOutText);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw; // the reply itself was cancelled
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException { InnerException: TimeoutException })
        {
            // The tool's own timeout (an HTTP tool's client has the same one) ended it first.
            return (ToolOutcomes.TimedOut, TimedOutText);
        }
        catch (Exception ex) when (IsInvalidArguments(ex))
        {
            return (ToolOutcomes.InvalidArguments, "The tool was called with invalid arguments: " + FirstLine(ex.Message) + " Check its parameters and try again, or answer without it.");
        }
        catch (Exception ex)
        {
            Log.ToolFailed(_logger, tool, person ?? "(anonymous)", ex);
            return (ToolOutcomes.Failed, "The tool failed. Answer without it, or say you could not find out.");
        }
    }

    private static bool IsInvalidArguments(Exception ex) =>
        ex is ArgumentException or JsonException or FormatException or InvalidCastException
        || (ex is KernelException && ex.Message.Contains("argument", StringComparison.OrdinalIgnoreCase));

    private static string ResultText(FunctionResult? result) => result?.GetValue<object>() switch
    {
        null => string.Empty,
        string text => text,
        var value => JsonSerializer.Serialize(value, value.GetType()),
    };

    private static int ArgumentBytes(KernelArguments arguments)
    {
        var bytes = 0;
        foreach (var (name, value) in arguments)
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount(name) + value switch
            {
                null => 4,
                string text => System.Text.Encoding.UTF8.GetByteCount(text) + 2,
                JsonElement element => System.Text.Encoding.UTF8.GetByteCount(element.GetRawText()),
                var other => System.Text.Encoding.UTF8.GetByteCount(other.ToString() ?? string.Empty),
            } + 3;
        }

        return bytes + 2;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? message : message[..end];
        return line.Length <= 200 ? line : line[..200];
    }
}
