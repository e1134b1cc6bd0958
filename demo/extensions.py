"""Demo and benchmark data of the modules built on the organisation.

`seed_demo` builds the organisation and the logins, then calls each module listed here;
`seed_demo --reset` deletes each module's rows (in reverse order) before the organisation.
A listed module provides:

    def build(*, scale: str, body_ids: list[int], members_per_body: int,
              rng: random.Random, by: User, clock: Stopwatch) -> str:
        '''Create the module's demo rows ("demo": the Ordos body, through the services;
        "region": the benchmark data set, with bulk_create, its size in proportion to
        members_per_body / demo_data.REGION_MEMBERS_PER_BODY). Return one summary line.'''

    def delete(body_ids: list[int]) -> None:
        '''Delete the module's rows that belong to these bodies.'''
"""

EXTENSIONS: list[str] = [
    "demo.proposals",
    "demo.committee_work",
    "demo.notices",
    "demo.consultations",
    "demo.archives",
    "demo.public_opinion",
    # Last: scoring reads the records of every module above.
    "demo.scoring",
]
