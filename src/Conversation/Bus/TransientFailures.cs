namespace ChatHub.Conversation.Bus;

/// <summary>
/// Recognises a failure of the infrastructure rather than of the message: a store or platform briefly unreachable.
/// A backend registers one for its own exceptions (the Redis backend: a lost connection, a command timeout).
/// </summary>
public interface ITransientFailureRule
{
    bool IsTransient(Exception exception);
}

/// <summary>
/// Tells the two kinds of consumer failures apart for <see cref="RetryingHandler"/>: a transient one (the backend is
/// down: retry, with backoff, until it is back or the policy's transient budget is spent) and any other (the message
/// is at fault: a few attempts, then chat.dlq). Without the distinction a three-second Redis restart dead-letters
/// every message that arrives during it, although nothing is wrong with them.
/// </summary>
public sealed class TransientFailures
{
    private readonly ITransientFailureRule[] _rules;

    public TransientFailures(IEnumerable<ITransientFailureRule> rules) => _rules = [.. rules];

    /// <summary>True for <see cref="Pipeline.LeaseHeldException"/> (another node is still working on the message) and for
    /// what a registered rule recognises, looked for along the chain of inner exceptions (a store may wrap the connection
    /// error). A platform's transient answer is not an exception: egress returns it as a value (<see cref="HandlerResult"/>).</summary>
    public bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is Pipeline.LeaseHeldException || Array.Exists(_rules, rule => rule.IsTransient(current)))
            {
                return true;
            }
        }

        return false;
    }
}
