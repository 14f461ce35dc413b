"""Fine-tune GPT-2 on a text dataset with a plain PyTorch loop."""
import torch
from datasets import load_dataset
from torch.utils.data import DataLoader
from transformers import AutoModelForCausalLM, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("gpt2")
tokenizer.pad_token = tokenizer.eos_token
model = AutoModelForCausalLM.from_pretrained("gpt2")
device = "cuda" if torch.cuda.is_available() else "cpu"
model.to(device)


def tokenize(batch):
    texts = [text + tokenizer.eos_token for text in batch["text"]]
    return tokenizer(texts, truncation=True, max_length=256, padding="max_length")


raw = load_dataset("wikitext", "wikitext-2-raw-v1")
ds = raw.map(tokenize, batched=True, remove_columns=["text"])
ds.set_format("torch")
loader = DataLoader(ds["train"], batch_size=8, shuffle=True)
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)

model.train()
for epoch in range(3):
    for step, batch in enumerate(loader):
        batch = {k: v.to(device) for k, v in batch.items()}
        labels = batch["input_ids"].clone()
        labels[batch["attention_mask"] == 0] = -100
        out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=labels)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()
        if step % 100 == 0:
            print(f"epoch {epoch} step {step} loss {out.loss.item():.4f}")
