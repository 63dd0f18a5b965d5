using ChatHub.Inference.Abstractions;
using Microsoft.SemanticKernel;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// What one reply's tools learn and ask for: the person (for tools and audit), the knowledge-base entries used, a
/// hand-off request, whether the person's own data went in. Lives in the request's kernel clone
/// (<see cref="Kernel.Data"/>, key <see cref="DataKey"/>), so tools and filters of concurrent replies never share it.
/// </summary>
internal sealed class ModelStageRequest
{
    public const string DataKey = "chathub.modelStage";

    private readonly Lock _gate = new();
    private readonly List<string> _sources = [];
    private string? _handoff;
    private bool _personal;

    public ModelStageRequest(ChatRequestContext? context) => Context = context;

    public ChatRequestContext? Context { get; }

    public IReadOnlyList<string> Sources
    {
        get
        {
            lock (_gate)
            {
                return [.. _sources];
            }
        }
    }

    public string? Handoff
    {
        get
        {
            lock (_gate)
            {
                return _handoff;
            }
        }
    }

    public bool Personal
    {
        get
        {
            lock (_gate)
            {
                return _personal;
            }
        }
    }

    public static ModelStageRequest? From(Kernel? kernel) =>
        kernel is not null && kernel.Data.TryGetValue(DataKey, out var value) ? value as ModelStageRequest : null;

    public void AddSource(string title)
    {
        lock (_gate)
        {
            if (!_sources.Contains(title, StringComparer.Ordinal))
            {
                _sources.Add(title);
            }
        }
    }

    public void RequestHandoff(string reason)
    {
        lock (_gate)
        {
            _handoff ??= reason;
        }
    }

    public void MarkPersonal()
    {
        lock (_gate)
        {
            _personal = true;
        }
    }
}
