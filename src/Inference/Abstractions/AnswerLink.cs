namespace ChatHub.Inference.Abstractions;

/// <summary>
/// A link offered with an answer (a knowledge-base entry's <c>Links:</c>): shown as a button that opens
/// <paramref name="Url"/> in the person's browser (<see cref="ChatHubResponseProperties.LinksKey"/>).
/// </summary>
public sealed record AnswerLink(string Text, string Url);
