"""The baseline for the gateway benchmark: a bare FastAPI endpoint returning a small resource."""

from fastapi import FastAPI

app = FastAPI()
UNIT = {"code": "172626601014", "level": "mahalla", "names": {"uz-Latn": "Navro‘z", "ru": "Навруз"}}


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/v1/territory/units/{code}")
async def unit(code: str) -> dict[str, object]:
    return {**UNIT, "code": code}
