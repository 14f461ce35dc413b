"""Instruction-tune a small causal LM: tokenise, collate with padding, train with helpers."""
import torch
from torch.utils.data import DataLoader
from transformers import AutoModelForCausalLM, AutoTokenizer, get_cosine_schedule_with_warmup

MODEL = "EleutherAI/pythia-160m"


def load_tokenizer():
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    if tokenizer.pad_token is None:
        tokenizer.add_special_tokens({"pad_token": "<|pad|>"})
    return tokenizer


def make_collate(tokenizer, max_length=512):
    def collate(examples):
        texts = [f"### Instruction:\n{e['instruction']}\n### Response:\n{e['output']}" for e in examples]
        enc = tokenizer(
            [t + tokenizer.eos_token for t in texts],
            truncation=True,
            max_length=max_length,
            padding=True,
            return_tensors="pt",
        )
        input_ids = enc["input_ids"]
        enc["labels"] = torch.where(input_ids == tokenizer.pad_token_id, -100, input_ids)
        return enc

    return collate


def train(model, loader, optimizer, scheduler, epochs):
    model.train()
    for epoch in range(epochs):
        for step, batch in enumerate(loader):
            loss = model(**batch).loss
            loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            if step % 20 == 0:
                print(f"epoch {epoch} step {step} loss {loss.item():.4f} lr {scheduler.get_last_lr()[0]:.2e}")


def main(dataset, epochs=2):
    tokenizer = load_tokenizer()
    model = AutoModelForCausalLM.from_pretrained(MODEL)
    model.resize_token_embeddings(len(tokenizer))
    loader = DataLoader(dataset, batch_size=4, shuffle=True, collate_fn=make_collate(tokenizer))
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    scheduler = get_cosine_schedule_with_warmup(optimizer, 100, epochs * len(loader))
    train(model, loader, optimizer, scheduler, epochs)
