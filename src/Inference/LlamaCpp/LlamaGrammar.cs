namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// A GBNF grammar for one request's output (<c>root</c> rule): applied from the first token, or, when
/// <see cref="TriggerPattern"/> is set, lazily from the point the output matches it (see <c>llama_sampler_init_grammar_lazy_patterns</c>).
/// </summary>
internal sealed record LlamaGrammar(string Text, string? TriggerPattern = null, int? TriggerToken = null)
{
    public const string Root = "root";

    public bool IsLazy => TriggerPattern is not null;
}
