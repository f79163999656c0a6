"""Common English given names that tell a person's gender, for pronoun and honorific
agreement ("she" is not Bill Clinton; "Mrs. Clinton" is not Bill). Only names that are
rarely given to the other gender; an unlisted name says nothing."""

from __future__ import annotations

__all__ = ["GIVEN_NAME_GENDER"]

_MALE = """
aaron adam alan albert alex alexander andrew anthony antonio arthur barack ben benjamin bernie
bill billy bob bobby brad bradley brandon brett brian bruce bryan carl carlos charles charlie
chris christopher chuck clarence craig dan daniel danny dave david dennis dick don donald doug
douglas dustin ed eddie edward elijah eric ernest eugene frank fred gary george gerald gordon
greg gregory harold harry henry howard ian isaac jack jacob jake james jason jeb jeff jeffrey
jeh jeremy jerry jesse jim jimmy joe joel john johnny jon jonathan jorge jose joseph josh
joshua juan justin keith ken kenneth kevin kyle larry lawrence lindsey_m louis luis marco
mark martin matt matthew michael mike mitch mitt nathan newt nicholas nick patrick paul peter
philip phillip ralph randy raymond reince richard rick rob robert robby roger ron ronald roy
rudy rush russell ryan sam samuel scott sean sergei stephen steve steven ted terry thomas tim
timothy todd tom tony victor vincent vladimir walter wayne william xi yuri zachary
""".split()

_FEMALE = """
abby alice alicia amanda amy andrea angela ann anna anne ashley barbara betty beverly brenda
carol caroline catherine cathy charlotte cheryl christina christine claire cynthia deborah
debbie debra diana diane donna doris dorothy elaine elizabeth ellen emily emma evelyn frances
gloria grace hannah heather helen hillary huma ivana ivanka jane janet janice jean jennifer
jessica jill joan joyce judith judy julia julie karen kathleen kathy katie kayleigh kellyanne
kelly kim kimberly laura lauren linda lisa loretta lori louise lynn margaret maria marie
marilyn martha mary megan melania melanie melissa michelle nancy nicole nikki olivia pamela
patricia paula rachel rebecca rose ruth sandra sara sarah sharon shirley sophia stephanie
susan tammy teresa theresa tiffany tina valerie victoria virginia wendy
""".split()

GIVEN_NAME_GENDER = {**{n: "M" for n in _MALE if "_" not in n}, **{n: "F" for n in _FEMALE}}
